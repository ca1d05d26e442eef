"""Importing: projects that already exist elsewhere, made into draft content files.

page         `import page`: a saved project page (HTML) or its copied text → one draft,
             its facts found by their labels, the rest kept as the Markdown body
blocks       a page's text as headings, paragraphs, list items and table rows, each with
             the line of the source it came from (HTML through the standard html.parser),
             and back to Markdown for the draft's body
facts        the readers of each fact as other sources write it (amounts, percentages,
             dates, project IDs, funds, the banner file's fund) → Fact
listing      `import list`: a project list (CSV, .xlsx) → one draft per row, rows
             already imported left alone or, with --update, their facts updated
spreadsheet  a CSV (any separator, UTF-8) or .xlsx file → its columns and numbered rows
columns      which fact each column holds: Kohesio's export, the EU's list of operations,
             the Hungarian supported-projects export, or the user's mapping file
drafts       the one writer of draft files (key order and Hungarian comments of `new`),
             the facts of an existing file updated in place, the projects a site has
reports      what the user reads after an import: found, not found, on which line

Every file is written as a draft (`draft: true`): a person reads it before it is published.
Nothing is invented: a fact the source does not give is left out, and `check` asks for it.
"""
