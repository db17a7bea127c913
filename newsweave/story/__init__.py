"""Story: articles grouped into stories, and story-level views (timeline)."""
