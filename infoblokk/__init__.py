"""infoblokk: static sites for EU-funded projects.

The build is a pipeline of stages, one module each, called in order by `site.build_site`:

    config   site_config.toml → SiteConfig
    content  content/ folder  → SourceFile (front matter with line numbers, body)
    model    SourceFile       → Project, NewsItem, Page (validated, related, with URLs)
    markup   Markdown body    → HTML
    pages    the model        → PagePlan (every page: template, item or list it shows)
    render   plans + theme    → OutputFile (HTML pages), through `context` (what templates see)
    write    OutputFile       → the output folder, swapped in atomically
    report   Problem, counts  → what the user reads

Supporting modules: errors (Problem and the one exception base), amounts, project_ids,
formatting, banner (profiles and the stand-in artwork), themes (template lookup and labels),
audit (the checks behind `check`), scaffold (`new`), cli (the command line).
"""

__version__ = "0.1.0"
