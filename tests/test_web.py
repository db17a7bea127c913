"""`newsweave serve`: the JSON API through the real app, and the pages in a real browser on a real server.

The store is built once per session from the bundled example through the real pipeline (`seed_dossier`);
the ingest test runs a real background job (spaCy, MiniLM) on made-up articles into a store of its own.
Browser tests drive Debian's chromium (Playwright) against uvicorn on a free port and save a screenshot of
every page under the session's temp dir; a console error (a CSP violation among them) fails them.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsweave.models import Dossier
from newsweave.nlp.models import Models
from newsweave.settings import ParseSettings, Settings
from newsweave.store import entity_key, open_store
from newsweave.web.app import CSP, WebConfig, create_app
from tests.hostile import injection

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "made-up-test-token"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def contract_keys() -> list[str]:
    """The dossier's top-level fields as docs/dossier-contract.md lists them."""
    text = (ROOT / "docs" / "dossier-contract.md").read_text(encoding="utf-8")
    return re.findall(r'^  "(\w+)":', text.split("```")[1], flags=re.M)


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory, seed_dossier: Dossier) -> Path:
    path = tmp_path_factory.mktemp("web") / "store.db"
    with open_store(path) as store:
        store.save_run(seed_dossier)
    return path


@pytest.fixture(scope="session")
def web_app(web_db: Path, models: Models) -> FastAPI:
    return create_app(WebConfig(db=web_db, token=TOKEN, models=lambda: models))


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> TestClient:
    return TestClient(web_app)


@pytest.fixture(scope="session")
def story_id(client: TestClient) -> str:
    return client.get("/api/stories").json()["stories"][0]["id"]


def test_stories_and_dossier_carry_the_contract_fields(client: TestClient, story_id: str, seed_dossier: Dossier):
    page = client.get("/api/stories").json()
    assert page["total"] == len(seed_dossier.stories) == len(page["stories"])
    summary = page["stories"][0]
    assert {"id", "title", "span", "articles", "independent_sources", "conflicts", "outlets"} <= summary.keys()
    assert summary["articles"] == len(seed_dossier.stories[0].articles)
    assert 1 <= summary["independent_sources"] <= summary["articles"]

    dossier = client.get(f"/api/stories/{story_id}").json()
    assert set(contract_keys()) <= dossier.keys()
    assert {a["id"] for a in dossier["articles"]} == set(seed_dossier.stories[0].articles)
    assert {"id", "title", "outlet", "published", "published_reason", "text", "removed", "derived_from"} <= (
        dossier["articles"][0].keys()
    )
    assert dossier["brief"] and all({"text", "sources"} <= line.keys() for line in dossier["brief"])

    article = client.get(f"/api/articles/{dossier['articles'][0]['id']}").json()
    assert article["text"] == dossier["articles"][0]["text"]


def test_filters_and_search_narrow_the_list(client: TestClient, story_id: str):
    summary = client.get("/api/stories").json()["stories"][0]
    word = max(re.findall(r"[A-Za-z]{5,}", summary["title"]), key=len)
    assert [s["id"] for s in client.get("/api/stories", params={"q": word}).json()["stories"]] == [story_id]
    assert client.get("/api/stories", params={"q": "zzqxjv"}).json()["total"] == 0
    outlet = summary["outlets"][0]
    assert client.get("/api/stories", params={"outlet": outlet}).json()["total"] == 1
    assert client.get("/api/stories", params={"outlet": "No Such Outlet"}).json()["total"] == 0
    assert client.get("/api/stories", params={"since": "2999-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"until": "1900-01-01"}).json()["total"] == 0
    hits = client.get("/api/search", params={"q": word}).json()
    assert hits and all(hit["story"] == story_id for hit in hits)
    entity = client.get("/api/entities", params={"limit": 1}).json()[0]
    assert client.get("/api/stories", params={"entity": entity["key"]}).json()["total"] == 1
    profile = client.get(f"/api/entities/{quote(entity['key'], safe='')}").json()
    assert profile["name"] == entity["name"] and [s["id"] for s in profile["stories"]] == [story_id]
    outlet_profile = client.get(f"/api/outlets/{quote(outlet, safe='')}").json()
    assert outlet_profile["articles"] and {"copies_from", "copied_by"} <= outlet_profile.keys()


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/api/stories?since=yesterday", 422, "since"),
        ("/api/stories?since=2020-05-01&until=2020-01-01", 422, "after"),
        ("/api/stories?limit=0", 422, "limit"),
        ("/api/search", 422, "q"),
        ("/api/stories/no-such-story", 404, "no-such-story"),
        ("/api/articles/no-such-article", 404, "no-such-article"),
        ("/api/entities/PERSON%3Anobody", 404, "nobody"),
        ("/api/outlets/Nobody%20Times", 404, "Nobody Times"),
        ("/api/jobs/123", 404, "job"),
    ],
)
def test_bad_ids_and_queries_get_a_message_not_a_crash(client: TestClient, path: str, status: int, says: str):
    response = client.get(path)
    assert response.status_code == status
    assert says in response.json()["detail"]


def test_pages_answer_bad_input_with_an_escaped_page(client: TestClient):
    missing = client.get("/stories/<b>gone")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "&lt;b&gt;gone" in missing.text and "<b>gone" not in missing.text
    bad_date = client.get("/", params={"since": "not-a-day"})
    assert bad_date.status_code == 422 and "since" in bad_date.text
    echoed = client.get("/", params={"q": '<script>alert("x")</script>'})
    assert echoed.status_code == 200
    assert "<script>alert" not in echoed.text and "&lt;script&gt;alert" in echoed.text


def test_every_response_carries_a_strict_content_security_policy(client: TestClient, story_id: str):
    for path in ("/", f"/stories/{story_id}", "/api/stories", "/static/site.css", "/no-such-page"):
        policy = client.get(path).headers["content-security-policy"]
        assert policy == CSP
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP and "http" not in CSP
    story = client.get(f"/stories/{story_id}").text
    assert "<script>" not in story and " style=" not in story
    assert not re.search(r'(?:src|href)="(?:https?:)?//', story)


def test_openapi_is_served_locally_and_the_cdn_docs_page_is_not(client: TestClient):
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/ingest", "/api/jobs/{job_id}"} <= schema["paths"].keys()
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_citations_link_to_cited_sentences_of_article_pages(client: TestClient, story_id: str):
    story = client.get(f"/stories/{story_id}").text
    brief = story[story.index('id="brief"') : story.index("</section>", story.index('id="brief"'))]
    cited = sorted(set(re.findall(r'href="/articles/(\w+)#s(\d+)"', brief)))
    assert cited, "the brief cites no sentence"
    for article_id, sentence in cited:
        page = client.get(f"/articles/{article_id}").text
        target = re.search(rf'<span id="s{sentence}" class="sentence( cited cited-\d)?"', page)
        assert target and target.group(1), f"sentence {sentence} of {article_id} is not marked as cited"


def test_article_page_shows_furniture_metadata_and_copies(client: TestClient, seed_dossier: Dossier, story_id: str):
    with_removals = next(a for a in seed_dossier.articles if a.removed)
    page = client.get(f"/articles/{with_removals.id}").text
    assert f"Removed page furniture ({len(with_removals.removed)})" in page
    assert all(removal.rule in page for removal in with_removals.removed)
    assert with_removals.published_reason.split(" ")[0] in page
    assert all(f"<td>{rule}</td>" in page for rule in with_removals.found_by.values()), "how each field was found"
    copied = [d for d in seed_dossier.derivations if d.derived in seed_dossier.stories[0].articles]
    if copied:
        copy_page = client.get(f"/articles/{copied[0].derived}").text
        copies_section = copy_page[copy_page.index('id="copies"') :]
        assert f'href="/articles/{copied[0].source}"' in copies_section.split("Copied by")[0]


def test_writes_need_the_token(client: TestClient, web_db: Path, models: Models):
    body = {"articles": [{"text": "A short made-up article about nothing in particular at all."}]}
    assert client.post("/api/ingest", json=body).status_code == 401
    assert client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    no_writes = TestClient(create_app(WebConfig(db=web_db, token=None, models=lambda: models)))
    refused = no_writes.post("/api/ingest", json=body, headers={"Authorization": "Bearer anything"})
    assert refused.status_code == 403 and "NEWSWEAVE_TOKEN" in refused.json()["detail"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/ingest", json={"urls": ["/etc/passwd"]}, headers=auth).status_code == 422
    assert client.post("/api/ingest", json={}, headers=auth).status_code == 422


def test_reads_need_the_token_beyond_loopback(web_db: Path, models: Models):
    public = TestClient(create_app(WebConfig(db=web_db, token=TOKEN, host="0.0.0.0", models=lambda: models)))
    refused = public.get("/api/stories")
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
    assert public.get("/api/stories", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert public.get("/", auth=("reader", TOKEN)).status_code == 200


FERRY = (
    "Ferry service between Orlan and Pesk was suspended on Tuesday after the vessel Marla Grey struck a "
    "pier in heavy fog, the Orlan Harbour Authority said. No one was hurt. Inspectors will examine the "
    "hull on Wednesday, harbour master Ilse Varga said."
)


def test_an_ingest_job_runs_in_the_background_and_its_stories_appear(tmp_path: Path, models: Models):
    """Its status (API and page) lists every input not stored with the reason: unreadable, refused, and over
    the token budget (found while analysing); names and reasons come from the inputs, so the page escapes them."""
    settings = Settings().model_copy(update={"parse": ParseSettings(max_doc_tokens=120)})
    app = create_app(WebConfig(db=tmp_path / "ingest.db", token=TOKEN, models=lambda: models, settings=settings))
    client = TestClient(app)
    records = [
        {"id": "one", "title": "Ferry suspended after pier strike", "outlet": "Orlan Post", "published": "2024-03-05",
         "text": FERRY},
        {"id": "two", "title": "Fog ferry crash halts Orlan service", "outlet": "Pesk Daily",
         "published": "2024-03-05", "text": FERRY.replace("No one was hurt.", "Nobody was injured, officials said.")},
        {"id": "empty", "title": "nothing here"},
        {"id": "long", "title": "Ferry inquiry, every word", "text": " ".join([FERRY] * 3)},
    ]
    refused = f"http://127.0.0.1:9/<script>window.{injection.MARK}='job'</script>"
    accepted = client.post("/api/ingest", json={"articles": records, "urls": [refused]},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 202
    job = accepted.json()
    deadline = time.monotonic() + 300
    while job["stage"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/jobs/{job['id']}").json()
    assert job["stage"] == "done", job["error"]
    assert job["added"] == 2 and job["inputs"] == 5
    reasons = {s["path"]: s["reason"] for s in job["skipped"]}
    over_budget = [path for path, reason in reasons.items() if "parse.max_doc_tokens" in reason]
    assert len(reasons) == 3 and over_budget == ["request:articles[4]"], reasons  # where the user put it, not an id
    assert "request:articles[3]" in reasons and reasons[refused].startswith("refused")
    shown = client.get(f"/jobs/{job['id']}")
    assert shown.status_code == 200 and "<script>window" not in shown.text
    assert "&lt;script&gt;window" in shown.text and f"{over_budget[0]}</code>: " in shown.text
    assert "parse.max_doc_tokens" in shown.text and client.get("/jobs/unknown").status_code == 404
    listed = client.get("/api/stories").json()["stories"]
    assert {s["id"] for s in job["stories"]} <= {s["id"] for s in listed}
    dossier = client.get(f"/api/stories/{job['stories'][0]['id']}").json()
    assert {a["source_id"] for a in dossier["articles"]} == {"one", "two"}
    assert client.get("/", params={"q": "ferry"}).text.count("/stories/") >= 1
    app.state.jobs.close()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def server(web_app: FastAPI) -> Iterator[str]:
    with serving(web_app) as address:
        yield address


@contextmanager
def serving(app: FastAPI) -> Iterator[str]:
    """The app under a real uvicorn on a free loopback port, for the browser."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/browser.sh (scripts/test.sh does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def test_browse_search_story_citation_entity_outlet(browser, server: str, screenshots: Path, client: TestClient):
    """The walk a reader takes, in a real browser with JavaScript on, with no console error on any page."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}") if response.status >= 400 else None)

    page.goto(f"{server}/")
    summary = client.get("/api/stories").json()["stories"][0]
    story_link = page.get_by_role("link", name=summary["title"])
    assert story_link.is_visible()
    page.screenshot(path=screenshots / "1-stories.png", full_page=True)

    word = max(re.findall(r"[A-Za-z]{5,}", summary["title"]), key=len)
    page.get_by_role("searchbox", name="Search stories and articles").fill(word)
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.get_by_role("heading", name=re.compile("Articles matching")).is_visible()
    page.screenshot(path=screenshots / "2-search.png", full_page=True)

    page.get_by_role("link", name=summary["title"]).first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    for heading in ("Brief", "Coverage by source", "Timeline", "Who said what", "Entities"):
        assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    page.screenshot(path=screenshots / "3-story.png", full_page=True)

    story_url = page.url
    page.locator("#brief a.src").first.click()
    page.wait_for_url(re.compile(r"/articles/\w+#s\d+"))
    anchor = page.url.rsplit("#", 1)[1]
    cited = page.locator(f"#{anchor}")
    assert cited.is_visible() and "cited" in (cited.get_attribute("class") or "")
    assert page.get_by_role("heading", name="Removed page furniture", exact=False).is_visible()
    page.screenshot(path=screenshots / "4-article.png", full_page=True)

    page.goto(story_url)
    entity = page.locator("#entities table.entities a").first
    name = entity.inner_text()
    entity.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert page.get_by_role("heading", name=name, exact=True).is_visible()
    assert page.get_by_role("heading", name=re.compile(r"^Stories \(\d+\)")).is_visible()
    page.screenshot(path=screenshots / "5-entity.png", full_page=True)

    page.goto(f"{server}/outlets/{quote(summary['outlets'][0], safe='')}")
    assert page.get_by_role("heading", name=summary["outlets"][0], exact=True).is_visible()
    page.screenshot(path=screenshots / "6-outlet.png", full_page=True)
    page.close()
    print(f"screenshots in {screenshots}")
    assert errors == []


def test_serve_command_serves_the_store_and_refuses_a_missing_one(web_db: Path, tmp_path: Path):
    """`newsweave serve` as a user runs it: a real process on a free port."""
    import os
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "newsweave.cli", "serve", "--db", str(web_db), "--port", str(port)]
    env = {**os.environ, "NEWSWEAVE_TOKEN": TOKEN}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    listed: httpx.Response | None = None
    try:
        deadline = time.monotonic() + 60
        while listed is None and time.monotonic() < deadline:
            try:
                listed = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=2)
            except httpx.TransportError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                time.sleep(0.2)
        assert listed is not None, "newsweave serve did not answer within a minute"
        assert listed.status_code == 200 and listed.json()["total"] >= 1
        assert httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"urls": ["http://x"]}).status_code == 401
    finally:
        process.terminate()
        process.wait(timeout=20)
    missing = subprocess.run([*command[:-4], "--db", str(tmp_path / "none.db"), "--port", str(port)], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no store at" in missing.stderr


def test_the_static_report_keeps_in_page_links_and_its_script(seed_dossier: Dossier):
    """The sections are shared: outside the web app a citation points within report.html, whose claims table
    still sorts with the script inlined there."""
    from newsweave.report.sections import SCRIPT
    from newsweave.report.writers import render_html

    html = render_html(seed_dossier)
    assert 'href="#article-' in html and 'href="/articles/' not in html and 'href="/entities/' not in html
    assert SCRIPT.strip() and f"<script>{SCRIPT}</script>" in html


# --------------------------------------------------------------------------- injection (issue 15)

INERT_CHECK = """() => ({
    injected: window.__injected === undefined ? null : String(window.__injected),
    addresses: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .flatMap(e => ['href', 'src', 'action', 'formaction'].map(a => e.getAttribute(a)).filter(v => v !== null)),
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].map(a => a.name))
        .filter(name => name.startsWith('on')),
    images: document.images.length,
    text: document.body.innerText,
})"""


@pytest.fixture(scope="session")
def injection_dossier(tmp_path_factory: pytest.TempPathFactory, models: Models) -> Dossier:
    """The made-up hostile articles of `tests.injection` through the real pipeline, as `newsweave analyze` runs it."""
    from newsweave.app.pipeline import analyze_articles, prepare_articles
    from newsweave.ingest.files import read_paths

    folder = tmp_path_factory.mktemp("injection")
    raws, skipped = read_paths([str(p) for p in injection.write_articles(folder)])
    articles, not_prepared = prepare_articles(raws)
    dossier = analyze_articles(articles, models)
    return dossier.model_copy(update={"skipped": skipped + not_prepared})


def assert_inert(page, errors: list[str], dialogs: list[str], where: str) -> str:
    """No payload ran (no dialog, the global unset, no console error such as a CSP violation), no address of
    the page uses another scheme than http(s) or the page's own, no event handler attribute, no image; the
    page's text, which must show the payloads as text, is returned."""
    found = page.evaluate(INERT_CHECK)
    assert found["injected"] is None and dialogs == [] and errors == [], (where, found["injected"], dialogs, errors)
    schemes = [re.match(r"\s*([a-z][a-z0-9+.-]*):", a, re.IGNORECASE) for a in found["addresses"]]
    bad = [m.string for m in schemes if m and m[1] not in ("http", "https", "file")]
    assert bad == [] and found["handlers"] == [] and found["images"] == 0, (where, bad, found["handlers"])
    return found["text"]


def watched(browser) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route(re.compile(r"^(?!http://127\.0\.0\.1|file:)"), lambda route: (errors.append(route.request.url),
                                                                            route.abort()))
    return page, errors, dialogs


def test_reports_and_pages_of_hostile_articles_run_no_script(browser, tmp_path: Path, injection_dossier: Dossier,
                                                             models: Models, screenshots: Path):
    """report.html of the hostile articles' real run and of a dossier with a payload in every field, and the
    web app's pages of the same run, in chromium with JavaScript on: nothing the articles carry runs or links
    elsewhere, the payloads are shown as text, and the report's own sorting script still runs under its CSP."""
    from newsweave.report.writers import write_outputs

    assert injection_dossier.claims and injection_dossier.quotes and injection_dossier.skipped
    for name, dossier in (("run", injection_dossier), ("every-field", injection.dossier(injection.hostile))):
        out = tmp_path / name
        write_outputs(dossier, out, ["html"])
        page, errors, dialogs = watched(browser)
        page.goto((out / "report.html").as_uri())
        page.locator("table.sortable th").first.click()
        text = assert_inert(page, errors, dialogs, f"report.html ({name})")
        assert "<script>window.__injected='script'</script>" in text, "the payload is shown as text"
        assert page.locator("table.sortable th").first.get_attribute("data-down") == "1", "the sort script ran"
        page.screenshot(path=screenshots / f"injection-report-{name}.png", full_page=True)
        page.close()

    db = tmp_path / "injection.db"
    with open_store(db) as store:
        store.save_run(injection_dossier)
    app = create_app(WebConfig(db=db, token=TOKEN, models=lambda: models))
    story = injection_dossier.stories[0].id
    entity = injection_dossier.entities[0]
    paths = ["/", f"/stories/{quote(story, safe='')}", f"/?q={quote(injection.PAYLOADS[0])}",
             *(f"/articles/{quote(a.id, safe='')}" for a in injection_dossier.articles),
             *(f"/outlets/{quote(a.outlet, safe='')}" for a in injection_dossier.articles if a.outlet),
             f"/entities/{quote(entity_key(entity.name, entity.type), safe='')}"]
    with serving(app) as address:
        for path in paths:
            page, errors, dialogs = watched(browser)
            page.goto(address + path)
            assert_inert(page, errors, dialogs, path)
            page.close()
