"""infoblokk: static sites for EU-funded projects.

The build is a pipeline of stages, one module each, called in order by `site.build_site`:

    config   site_config.toml → SiteConfig
    content  content/ folder  → SourceFile (front matter with line numbers, body)
    validate SourceFile       → SiteModel of Project, NewsItem, Page (model), with URLs;
                                checks across files in `consistency`
    markup   Markdown body    → HTML
    pages    the model        → PagePlan (every page: template, item or list it shows)
    render   plans + theme    → OutputFile (HTML pages), through `context` (what templates see)
    write    OutputFile       → the output folder (a fresh one swapped in, then changed files only)
    report   Problem, counts  → what the user reads

Supporting modules:

    items     errors (Problem and the one exception base), fields and schema (front matter and
              its validation), amounts, project_ids, slugs, urls, links, translations, formatting
    outputs   themes (template lookup and labels), listings, metadata, feeds, opendata, search,
              incremental (what a rebuild may skip)
    banner    banner (profiles, a project's banner), standin (the SVG stand-in), artwork (the
              image each banner shows)
    images    images (sRGB, fixed encoding, the cache, banner artwork made web-ready), photos
              (smaller copies offered in srcset)
    check     audit (the checks behind `check`), pagereader (reading a rendered page),
              linkcheck (addresses that lead nowhere), findings (which file to fix)
    serve     serve (the command), siteapp (the WSGI app and the error page), watch (rebuild
              once saves are over)
    commands  scaffold (`new`), cli (the command line)
"""

__version__ = "0.1.0"
