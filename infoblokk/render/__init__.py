"""Rendering: the model and the theme's templates → HTML pages.

bodies        every item's body as its page shows it: Markdown, links and photos, reused where unchanged
markup        Markdown bodies → HTML, forgiving of text pasted from a word processor
links         links in bodies to content files and the site root, made relative
html          start tags and their attributes in body HTML, with where each is, to rewrite them
plans         which pages the site has: a PagePlan per page, with its kind and what it shows
listings      lists by county, programme, fund, status and tag, in pages
context       what a template sees: the names of the README's template table
pages         plans + templates → HTML OutputFiles, rendering only what changed
template_runtime  how templates run: plain callees called directly, output escaped without Markup objects
fingerprints  what each page follows from, as digests, and whether its recorded reads still hold
preview       one saved body's page rendered from the last build's inputs, for `serve`
tracking      what each page read, recorded by value: its fingerprint and the calls it made
workers       Markdown and pages made on every core, in forked worker processes
incremental   the state kept between builds: page records, file records, what was read
store         that state in an SQLite file, read on demand, with the reverse index of reads
state_writing that state saved: what changed, in one transaction, or a draft put in place whole
linked        bodies with their links rewritten, reused from the last build while their targets hold
formatting    money, dates and percentages in the site's language and style
metadata      Open Graph and schema.org data of a page
urls          site URLs, output paths and relative links between pages
"""
