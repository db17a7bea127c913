"""The Jinja2 environment of the pages: templates in the package, autoescaped, with the link helpers."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from newsweave.dates import DateRange
from newsweave.web.render import article_href, entity_page, outlet_page

ENV = Environment(
    loader=PackageLoader("newsweave.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def day(value: DateRange | str | list[str] | None) -> str:
    """A date or range as the contract writes it, for a page: `2015-09-03`, `2015-09 – 2015-10`, `undated`."""
    if isinstance(value, DateRange):
        value = value.contract()
    if not value:
        return "undated"
    return " – ".join(value) if isinstance(value, list) else value


ENV.globals.update(article_href=article_href, entity_page=entity_page, outlet_page=outlet_page)
ENV.filters["day"] = day


def render_page(name: str, **context: Any) -> str:
    return ENV.get_template(name).render(**context)
