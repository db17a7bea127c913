"""Words and shapes of news-page furniture, collected from how news sites commonly build pages.

Whole-line patterns are matched (case-insensitively) against a paragraph with its surrounding punctuation
stripped, so they never fire inside an article sentence; the few patterns applied inside a paragraph are
multi-word phrases that no article sentence uses.
"""

from __future__ import annotations

import re

from newsweave.clean.dates import DATE, TIME


def _line(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})", re.IGNORECASE)


AD = _line(
    r"advertisements?|advertisement\s*[-–—:]?\s*scroll to continue(?: with content| reading)?|advertising|ads?"
    r"|sponsored(?: content| post| links?| stories)?|sponsor(?:ed)? messages?"
    r"|paid (?:content|post|partner content|for by .{1,60})|promoted(?: content| stories)?|partner content"
    r"|(?:advertisement\s*[-–—:]?\s*)?(?:story|article|content|text) continues (?:below|after)"
    r"(?: (?:this |the )?(?:advertisement|ad))?"
    r"|continue reading(?: below| the main story| after the ad)?"
    r"|scroll (?:down )?to continue(?: with content| reading)?"
    r"|skip (?:this )?(?:advertisement|ad)|supported by|remove ads|ad feedback|report this ad|ad choices"
    r"|.{0,40}\b(?:outbrain|taboola|revcontent|mgid)\b.{0,40}|(?:skip past|after) newsletter promotion"
)
AD_INLINE = re.compile(
    r"\b(?:Sponsor(?:ed)? Messages?|ADVERTISEMENT|SPONSORED|Story continues below(?: this)? advertisement"
    r"|(?:Article|Story|Content) continues below|Skip Advertisement|Scroll to continue with content)\b"
)
"""Ad interstitials that copy-paste glues to the neighbouring sentences; multi-word or all-caps only."""

SHARE_WORDS = frozenset(
    "share shares tweet email e-mail mail print facebook twitter x whatsapp linkedin telegram pinterest reddit"
    " messenger copy link copied save saved bookmark flipboard threads bluesky sms this article story post on like"
    " via the it".split()
)
"""A paragraph made only of these words is a row of share buttons."""
SHARE_REQUIRED = frozenset("share tweet email e-mail facebook twitter whatsapp linkedin telegram copy".split())

CALL_TO_ACTION = _line(
    r"(?:follow|like|find|join) us(?: (?:on|at) .{1,80})?"
    r"|join (?:our|the) .{0,40}(?:channel|community|whatsapp|telegram).{0,60}"
    r"|(?:click|tap|press) here\b.{0,120}|(?:download|get) (?:our|the) .{0,40}app\b.{0,60}"
    r"|(?:sign up|subscribe|register)(?: now| today| here| for free| free)?"
    r"(?: (?:for|to) (?:our|the|a|an|free|unlimited|get|receive|read|continue|access|unlock|this|daily|weekly"
    r"|\w+'s)\b.{0,100})?"
    r"|(?:sign up|subscribe|register)\b.{0,120}\bnewsletters?\b.{0,120}"
    r"|(?:sign up|subscribe) (?:to|for) (?:the )?(?-i:[A-Z])[\w'’&-]*(?: (?-i:[A-Z])[\w'’&-]*){0,5}"
    r"|get (?:our|the) .{0,60}(?:newsletter|alerts|briefing|digest).{0,80}"
    r"|.{0,80}delivered (?:straight |directly )?to your inbox.{0,80}"
    r"|already (?:a subscriber|have an account)\??.{0,40}"
    r"|log ?in|sign ?in|log ?out|create (?:a free |an )?account|newsletters?"
    r"|support (?:our|independent) journalism.{0,80}|become a (?:member|subscriber|supporter)\b.{0,60}"
    r"|donate(?: now| today)?"
    r"|(?:click|tap) to (?:share|email|print|open|view|read|enlarge|play|subscribe)\b.{0,80}"
    r"|you(?:'ve| have) (?:reached|used) (?:your|all your|the) .{0,80}"
    r"|(?:subscribe|log in|sign in|register) to (?:continue|keep) reading.{0,60}"
    r"|this (?:article|story|content) is (?:for|available to|exclusive to|only for) (?:subscribers|members).{0,60}"
    r"|e-?mail (?:the )?(?:author|reporter|writer|editor|us)\b.{0,80}"
    r"|contact the (?:author|reporter|writer)\b.{0,80}|(?:have|got) a (?:news )?tip\?.{0,100}"
    r"|follow .{1,40} on (?:twitter|facebook|instagram|x|linkedin|telegram|whatsapp|threads|google news|youtube"
    r"|tiktok).{0,40}"
    r"|(?:track|catch|stay|get|read|follow|watch|download)\b.{0,80}\b[\w-]+\.(?:com|net|org|in|co\.uk|co)\b.{0,80}"
)
NOTICE_SUBSCRIPTION = re.compile(r"\bsubscri(?:be|bers?|ptions?)\b", re.IGNORECASE)
NOTICE_ACTION = re.compile(
    r"\b(?:contact us|please\b|click|sign up|log ?in|subscription options|subscription plans|for subscription"
    r"|subscribe (?:now|today|here)|to subscribe|offered to subscribers)",
    re.IGNORECASE,
)
"""An agency or paywall notice names subscriptions *and* asks the reader to act; an article sentence that
merely mentions subscribers does not."""
COPYRIGHT = _line(
    r"(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved).{0,200}|.{0,200}\ball rights reserved\b.{0,40}"
    r"|.{0,120}may not be (?:re)?published, broadcast, rewritten,? or redistributed.{0,120}"
)
COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
COOKIE_CONTEXT = re.compile(
    r"\b(?:we use|this (?:site|website) uses|you (?:accept|agree|consent)|by (?:continuing|using)|accept (?:all )?"
    r"cookies|cookie (?:settings|preferences)|manage (?:cookies|preferences)|our (?:cookie|privacy) policy)\b",
    re.IGNORECASE,
)

COMMENT_HEADING = _line(
    r"(?:leave|post|add|write|submit|share) (?:a|your) (?:reply|comment|response|thoughts)|comments?(?: \(\d+\))?"
    r"|\d+ (?:comments?|replies|responses)|(?:show|view|load|read|see)(?: all)? (?:\d+ )?comments"
    r"|join the (?:conversation|discussion|debate)|have your say|reader comments|\d+ thoughts? on .{1,200}"
)
"""Headings of the comment section: the article has ended when one of these comes after its body."""
END_MARKER = _line(r"end of (?:article|story|report)|\(?end\)?|-+ ?end ?-+|#{3}|-30-")
"""The page's own sign that the article has ended (wire copy's "(END)", "end of article")."""
WIRE_SLUG = re.compile(r"^[(\[][A-Z0-9][A-Z0-9 ]{1,20}(?::[^)\]\n]{0,120})?[)\]](?:\s+(?![—–-])|$)")
"""An editorial slug of wire copy, alone or before the headline: "(LEAD)", "(2ND LD)", "(ATTN: ...)"; not
"(CNN) — ...", where the agency opens the first sentence."""
COMMENT_FORM = _line(
    r"please enter your (?:comment|name|e-?mail|website)(?: address)?(?: here)?!?"
    r"|you have entered an incorrect e-?mail address!?|cancel reply|post comment|submit comment|send comment"
    r"|save my name,? e-?mail,? and website .{0,100}|your e-?mail address will not be published.{0,100}"
    r"|required fields are marked.{0,20}|(?:name|e-?mail|website|comment|message)\s*\*?|be the first to comment.{0,40}"
    r"|notify me of .{0,80}|log in to (?:comment|reply).{0,40}|you must be logged in .{0,80}"
    r"|comments are closed|comments (?:have been|are) (?:disabled|closed|turned off).{0,60}"
    r"|commenting (?:has been |is )?(?:closed|disabled).{0,60}"
)
LOADING = _line(
    r"(?:please )?wait \d+ sec(?:ond)?s?|please wait(?:\.{3}|…)?|please wait while .{0,60}|loading(?:\.{3}|…)?"
    r"|redirecting(?: you)?(?:\.{3}|…)?(?: in \d+ sec\w*)?"
    r"|(?:please )?enable javascript.{0,100}|javascript is (?:disabled|required).{0,100}"
    r"|your browser does not support .{0,100}|(?:video|audio) (?:player )?(?:is )?loading.{0,20}"
)
LOADING_INLINE = re.compile(r"\b(?:Please )?[Ww]ait \d+ sec(?:ond)?s?\.?(?=\s|$)")
PAGE_TOOLS = _line(
    r"\d+\s*min(?:ute)?s?\.? read|reading time:?.{0,20}|listen(?: to (?:this|the) (?:article|story))?(?: \d+:\d+)?"
    r"|listen to (?:this|the) (?:article|story).{0,20}"
    r"|\d{1,2}:\d{2}|audio|text size|font size|(?:a\s*){2,3}|print(?: this)?(?: page| article)?|back to top"
    r"|skip to (?:main )?content|skip navigation|menu|search|home|close|open|toggle navigation|more menu"
    r"|watch(?: video| live| now)?|play(?: video)?|video|photos?|gallery|slideshow|view (?:gallery|slideshow)"
    r"|reuse this content|page \d+ of \d+|(?:next|previous|prev)(?: page)?|info|this article is more than .{1,30} old"
    r"|end of list|list \d+ of \d+|\(?opens? (?:in )?(?:a )?new (?:window|tab)\)?|like loading|like this"
    r"|skip (?:next|this|to) (?:section|content|navigation|main)\b.{0,40}|navigation|report (?:a|an) (?:typo|error"
    r"|correction|problem)|(?:suggest|submit) a correction|small|medium|large|font|(?:your )?feedback"
    r"|send us (?:your )?feedback"
)
PUBLISHER_NOTICE = _line(
    r"our standards:.{0,160}|.{0,60}\btrust principles\b.{0,60}"
    r"|.{0,60}\b(?:story|article|report|content) (?:has not been|was not|is not) edited by .{1,200}"
    r"|.{0,60}\bpublished from a syndicated feed\b.{0,60}"
    r"|this (?:story|article|report|piece) (?:was )?(?:originally |first )?(?:published|appeared)"
    r" (?:on|in|by|at) .{1,120}"
    r"|disclaimer\s*:.{0,400}|privacy (?:notice|policy)\s*:.{0,400}|thanks? (?:you )?for reading\b.{0,200}"
)
"""Publisher boilerplate: syndication and editing notices, standards links, disclaimers."""
SEPARATOR = re.compile(r"^[\W_]+$")
"""A paragraph of punctuation only ("___", "* * *", "—"): a visual divider."""
TAGS = _line(r"(?:tags?|topics?|filed under|categories|category|related topics|keywords)\s*[:|]\s*.{0,200}|(?:#\w+[\s,]*)+")

TEASER_LINK = _line(
    r"(?:read also|also read|read more|read next|related|see also|also see|watch|listen|more|must read|must-read"
    r"|don'?t miss|recommended|trending|related (?:story|stories|article|articles|news|coverage|content|video)"
    r"|click here to read|more on this(?: story)?|also on \w+(?: \w+)?|(?:editor'?s )?pick)\s*[:|–—»>]+\s*\S.{0,250}"
)
"""A one-line pointer to another story: "READ ALSO: headline", "Related | headline"."""
TEASER_MARKER = _line(
    r"must read|must-read|read more|read next|read also|also read|related(?: stories| articles| news| posts"
    r"| coverage| content| reading| links| topics| videos?)?|more (?:stories|news|articles|headlines|to read"
    r"|videos|from [^.!?]{1,40}|on this(?: story| topic)?|in [^.!?]{1,30})|you (?:may|might) (?:also )?"
    r"(?:like|enjoy|be interested in|have missed)|recommended(?: for you| stories| reading| articles| videos)?"
    r"|trending(?: now| stories| news| articles)?|most (?:popular|read|viewed|shared|watched|commented)"
    r"|popular(?: stories| now| posts| articles| news)?|latest(?: news| stories| articles| posts| headlines| videos)?"
    r"|top (?:stories|news|headlines)|editor'?s'? (?:picks?|choice)|don'?t miss(?: this)?|what to read next"
    r"|further reading|in other news|also in(?: the)? news|up next|(?:more )?from around the web"
    r"|from (?:our|the) partners?|promoted (?:stories|links)|other stories|see more|show more|more|you may also like"
    r"|(?:explore )?more on (?:these|this) topics?|suggested topics|read more about .{1,40}|list of \d+ items?"
    r"|tags|topics|keywords|categories|filed under"
)
"""Heading of a block of teasers for other stories; what follows it is not the article."""

CAPTION_TOGGLE = _line(
    r"(?:hide|show|toggle|expand|collapse|close|open|view) (?:caption|image|photo)|enlarge (?:this )?image"
    r"|image caption|photo caption|caption|expand image|view (?:\d+ )?(?:images|photos)|(?:image |photo )?\d+ of \d+"
    r"|full screen|fullscreen"
)
CAPTION_TOGGLE_INLINE = re.compile(
    r"\b(?:(?:hide|toggle|show|expand|collapse) caption|[Ee]nlarge this image|Image caption)\b"
)
CAPTION_WITH_REPEATED_CREDIT = re.compile(
    r"(?P<credit>[^\n]{2,120}?)\s+(?:hide|toggle) caption\s+(?:(?:toggle|show|hide) caption\s+)?(?P=credit)(?=\s|$)"
)
"""NPR-style caption: text, credit, "hide caption", "toggle caption", the same credit again."""
CAPTION_ENDING_TOGGLE = re.compile(r"(?:hide|toggle|show|expand|collapse) caption$")
CAPTION_ENDING_TOGGLE_ANYWHERE = re.compile(r"\b(?:hide|toggle) caption\b")
"""Cheap test run first: the repeated-credit pattern is slow on long texts and only fits where a toggle is."""
_CAPTION_LABEL = r"(?i:image|photo|video|media|picture) caption\s*[,:]\s*"
_CAPTION_CREDIT = r"\s(?:Photograph|Photos?|Image|Picture|Illustration|Composite|Photo illustration)\s*:\s*[^.!?]{1,80}$"
CAPTION_LABELLED = re.compile(rf"^{_CAPTION_LABEL}\S.{{0,400}}$|^.{{1,500}}?{_CAPTION_CREDIT}")
"""A caption labelled as one ("Image caption, ...") or ending in its credit ("... Photograph: X/Reuters")."""
CAPTION_LABEL = re.compile(rf"^{_CAPTION_LABEL}")
CAPTION_TRAILING_CREDIT = re.compile(_CAPTION_CREDIT)
"""The label and the credit of a labelled caption, cut off to keep what the caption says."""
CAPTION_CUE = re.compile(
    r"^(?:in this (?:\w+ )?(?:photo|image|picture|handout|file|screen ?grab|video|still|frame)|this (?:\w+ )?"
    r"(?:photo|image|picture|handout|screen ?grab)|file(?: photo| picture| image)?\s*[-–—:]|pictured\b|photo shows"
    r"|seen in this|(?:left|right|top|above|below|centre|center|main|inset)\s*[:,–—-]|\(?photo:)",
    re.IGNORECASE,
)
PHOTO_AGENCIES = (
    r"AP|AFP|Reuters|REUTERS|Getty Images|Getty|EPA(?:-EFE)?|EFE|Xinhua|Yonhap|Kyodo|Bloomberg|Sputnik|TASS|Pool"
    r"|NurPhoto|SOPA Images|LightRocket|Anadolu(?: Agency)?|IANS|PTI|ANI|Shutterstock|Alamy|ZUMA(?: Press)?|Zuma"
    r"|dpa|picture alliance|KCNA|Korea News Service|Handout|Courtesy|File|AP Photo|AFP Photo|Imagine China"
)
CREDIT_PREFIX = re.compile(
    r"^\(?(?:photos?|photograph|images?|pictures?|pics?|fotos?|videos?|graphics?|illustrations?|file photo"
    r"|photo illustration|cover (?:photo|image)|main image|top image|credits?|image source|media source)"
    r"(?: source| credits?| courtesy| by)?\s*(?::|\||by\b|courtesy\b|–|—)\s*\S.{0,120}$"
    r"|^(?:image|media|picture|photo) source\s*,\s*\S.{0,120}$",
    re.IGNORECASE,
)
CREDIT_VIA = re.compile(rf"\bvia (?:{PHOTO_AGENCIES}|[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){{0,3}})\)?$")
CREDIT_SLASH = re.compile(
    rf"^\(?(?:(?:{PHOTO_AGENCIES})(?: Photo| PHOTO)?\s*/\s*\S.{{0,60}}"
    rf"|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{1,4}}\s*/\s*[A-Z][\w&.'’ -]{{1,50}}"
    rf"|.{{1,60}}/\s*(?:{PHOTO_AGENCIES}))\)?$"
)
CREDIT_AGENCY_ONLY = re.compile(rf"^\(?(?:(?:{PHOTO_AGENCIES})(?: Photo| PHOTO| Images)?(?:\s*(?:/|via|,)\s*)?)+\)?$")
CREDIT_INLINE = re.compile(
    r"[(\[](?:[A-Z][\w&.'’-]*\s){0,3}(?:Photo|Image|Picture|Pic|Credit|Photo credit|Image credit|File photo)"
    r"s?\s*[:/]\s*[^()\[\]\n]{1,100}[)\]]",
    re.IGNORECASE,
)

SOCIAL_SIGNATURE = re.compile(
    r"(?P<link>(?:https?://)?(?:pic\.twitter\.com|t\.co|pic\.x\.com)/\w+\s*)?[—–-]{1,2}\s*[^\n()]{1,60}?\s*"
    rf"\(@\w{{1,30}}\)\s*(?:{DATE})"
)
"""Signature of an embedded post: optional picture link, "— Name (@handle) Month D, YYYY"."""
SOCIAL_INSTAGRAM = re.compile(
    r"(?:View this post on Instagram\s*)?A post shared by [^\n]{1,80}?\(@[\w.]{1,30}\)"
    rf"(?:\s+on\s+{DATE}(?:\s+at\s+{TIME})?)?|View this post on Instagram",
)
SOCIAL_LINK = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|t\.co|pic\.x\.com)/\w+")
GLUE = re.compile(r"(?<=\S[\"”’])(?=[A-Z])|(?<=[a-z0-9]{2}[.!?])(?=[A-Z\"“])")
"""A place where two texts were glued with no space: a sentence or quote ends and the next starts at once."""
SENTENCE_BOUNDARY = re.compile(r"[.!?][\"”’)]?\s+(?=[A-Z\"“‘(])")
BARE_URL = re.compile(r"^(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)$", re.IGNORECASE)

_STAMP_WORD = (
    r"(?:date|dated|published|publish date|first published|posted|updated|last updated|modified|last modified"
    r"|created|released)(?: on| at)?"
)
_STAMP = rf"(?:{TIME}\s*[,|]?\s*)?(?:{DATE})(?:\s*(?:,|at|\||-)?\s*{TIME})?"
_RELATIVE = r"\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
_MORE_STAMPS = rf"(?:\s*[|,·•]?\s*(?:and\s+)?{_STAMP_WORD}\s*[:\-–]?\s*(?:{_STAMP}|{_RELATIVE}))*"
DATE_STAMP_LEAD = re.compile(rf"^{_STAMP_WORD}\s*[:\-–|]?\s*{_STAMP}{_MORE_STAMPS}", re.IGNORECASE)
"""A date stamp at the start of a paragraph, possibly glued to the headline after it."""
DATE_STAMP_LINE = re.compile(
    rf"^(?:and\s+)?(?:{_STAMP_WORD}\s*[:\-–|]?\s*|(?-i:[A-Z][\w&]*\s){{1,3}})?(?:on\s+)?{_STAMP}{_MORE_STAMPS}$"
    rf"|^{_STAMP_WORD}\s*:?\s*{_RELATIVE}$|^{_STAMP_WORD}$"
    rf"|^(?:posted|published|written|submitted) by .{{1,60}}? on {_STAMP}$",
    re.IGNORECASE,
)
"""A paragraph that is only a date stamp ("Updated 05 Mar 2024 | Published 04 Mar 2024", "March 4, 2024",
"All News 15:42 September 02, 2025": a section label may come first)."""
STAMP_ROW_SEPARATOR = re.compile(r"\s*[|·•]\s*|\s+/\s+")
"""Between the parts of a row of page metadata ("Desk / SITE.COM / Updated: ...")."""
CONTRIBUTED = _line(
    r".{2,160}\bcontributed (?:reporting |writing |research )?(?:to|for) this (?:report|story|article|piece)\b(?!['’])"
    r".{0,80}"
)
"""A contributor credit ("X contributed to this report"), whatever the words around it."""
CREDIT_BY = _line(
    r"\(?(?:(?:additional |with )?(?:reporting|writing|editing|research|fact-checking)(?: and \w+)? by .{2,200}"
    r"|(?:edited|written|compiled|produced|translated) by .{2,100}|with (?:inputs|files|reporting) from .{2,100}"
    r"|sources?\s*:\s*.{2,100})\)?"
)
"""Credits such as "Reporting by X; Editing by Y"; only taken when they do not read as a sentence."""
BYLINE = re.compile(
    r"^(?i:by|written by|words by|author:?|published by:?|posted by:?)\s+"
    r"(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3})*)"
    r"(?:\s*(?:,|\||–|—|-|for)\s*(?P<org>.{1,60}))?$"
)
BYLINE_IN_PLACE = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3}(?:(?:,|\sand)\s[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})*)"
    r"\s+in\s+[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){0,2}$"
)
"""A byline under the headline that names the reporters and where they are: "Jane Mwangi in Nairobi"."""
BREADCRUMB_SEPARATORS = re.compile(r"\s*(?:›|»|>|/|\||•|·|→)\s*")
BULLET = re.compile(r"^[-•*–·▪●■◦]\s+\S")

SECTION_WORDS = frozenset(
    "news world politics business sport sports opinion analysis comment culture arts science technology tech"
    " health lifestyle entertainment travel markets market economy finance money local national international"
    " regional region breaking latest live video videos photos weather climate environment education home"
    " us uk europe asia africa americas middle east the and top stories more".split()
)
"""Words of section names ("World News", "Business & Markets"): a line made only of them is no masthead."""
KICKER_ROW = re.compile(r"\s[|•·/]\s")
"""A "Section | Topic" row above a headline."""
NEWSLETTER_SIGNUP = re.compile(r"\b(?:newsletters?|inbox|briefing|digest|bulletin)\b", re.IGNORECASE)
NEWSLETTER_BLURB = re.compile(
    r"\b(?:every|each) (?:day|week|weekday|morning|evening|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
    r"|\b(?:daily|weekly|inbox|newsletter)\b",
    re.IGNORECASE,
)
"""What a newsletter box says under its sign-up line: how often it comes, where it lands."""
