"""infoblokk: static sites for EU-funded projects.

A build runs the stages in order, each a subpackage; `site` calls them and does nothing else:

    config/   site_config.toml and the theme     → SiteConfig, Theme
    content/  content/*.md                       → SiteModel (Project, NewsItem, Page)
    banner/   the banner profiles                → each page's funding banner and its artwork
    render/   the model and the templates        → HTML pages (OutputFile), what each page read
    outputs/  the model and the pages            → feeds, open data, search index, images
    publicity/ the projects' facts and banners    → posters, displays, billboards, plaques
    write     OutputFile, StaticCopy             → the output folder, all at once
    report    the outcome                        → what the user reads

Beside the build: `check/` audits the rendered pages, `serve/` rebuilds on every save,
`importing/` makes draft content files from existing project pages and project lists (it
uses content/ and what lies below it, nothing of the build).

At the top: `cli/` (the command line, one module per command; each command's machinery is
imported only when it runs), `site` (the orchestrator), `errors` (Problem and the one
exception base), `write` (the output folder swapped in whole), `lock` (one build of a site at
a time), `unchanged` (a build with nothing to do noticed before any work), `outcome`
(BuildResult, and that notice given without importing the build), `report`,
and four small modules every stage may use:
`output` (OutputFile, StaticCopy: what stages hand to the writer), `layout` (the site's
folders and the built site's fixed addresses), `collection` (the garbage collector kept out
of a large build's way) and `messages` (what infoblokk says, kept as
English `Text` until the command line, the report or `serve` shows it in the user's language,
from the catalogues in `locale/`). Imports run one way, from the top down:
cli → serve, check → site → outputs, publicity → render → content → banner → config → errors, layout,
output, messages, collection.
"""

__version__ = "0.1.0"
