"""`check`: auditing the rendered pages without publishing them.

audit       runs the checks: texts, headings, language, the banner's size
pagereader  reading one rendered HTML page: links, images, ids, the banner
linkcheck   addresses that lead to no file of the site, and missing #anchors
findings    which file to fix (content file and line, or template), merged across pages
publication what the configuration leaves to do before publishing: base_url, the statement's review
obligations the publicity items each project must have (website, poster, billboard, plaque, event,
            social media), their deadlines, and whether the last build made them
obligations_text  that report in words, for `python build.py obligations`
"""
