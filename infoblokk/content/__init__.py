"""Content: the site's Markdown files, read, validated and related into one model.

loading       the whole site read and validated (config, theme, content, static files)
              → LoadedSite: the first half of every build and of `check`
sources       finding content files and splitting front matter (with the line of every
              key) from the Markdown body → SourceFile
key_lines     the line of every key of a file's front matter, kept small: the keys' paths
              shared by the files that name the same keys, the lines as an array
yaml_mistakes front matter YAML cannot read: the line where the mistake starts, in
              plain words (quotes, tabs, non-breaking spaces, colons, `---` lines)
walk          the files of a folder: ordinary files only, links followed only inside it
fields        the front matter each kind of file may carry, as pydantic schemas
validate      SourceFile → SiteModel: every item valid, addressed and related
kept          each file as read and validated, kept for the next build: unchanged files are
              neither read nor validated again
consistency   checks across files: duplicate IDs and addresses, unknown projects, compliance
translations  `zala.en.md` beside `zala.md`: the same item in another language
model         the values: Project, NewsItem, Page, SiteModel
obligations   the publicity rules (banner/obligations/) applied to a project's facts: which
              items are due, not due, or cannot be told — for the reports and the build alike
print_items   the printed items of a project (poster, display, and the billboard and plaque
              its obligations ask for or cannot rule out) and their addresses and sizes
amounts       grant amounts as people type them ("74.998.560,- Ft") read exactly
project_ids   Széchenyi 2020 / Széchenyi Terv Plusz project IDs, their programme and fund
slugs         the ASCII names that become folders and anchors
filenames     names every file system can hold (length, Windows device names, characters)
scaffold      `new`: a content file with every field explained
press         `new news --press`: a project's start and closing press release, facts filled in
placeholders  the sample facts and text `new` writes, an error while left in a published file
starter       `init`: a new site (configuration explained, one sample project) from `starter/`
"""
