"""The files a site offers besides its pages.

feeds     Atom feeds, sitemap.xml and robots.txt
opendata  projects.json and projects.csv
operations  operations.csv: the projects in the columns of the EU's list of operations (Kohesio),
          as data in `data/list_of_operations.toml`
search    the Pagefind index of the built pages, in parts, cached by the pages it was made from
search_cache  the index's parts kept in the cache, each with its key and its files' digests
search_threads  the parts' Pagefind services run at once, each part kept while the next is made
pagefind_service  Pagefind's indexer run as `pagefind --service`: pages in, index files out
images    sRGB pixels, fixed encoding and a cache; official banner artwork made web-ready
drawing   drawings in a few flat colours (cards, the display) made straight as palette images
photos    smaller copies of the photos that bodies show, offered in srcset
cards     the 1200 × 630 social card of each project and news item, cached by what it shows
card_drawing  a social card's layout (text fitted to its boxes) and its pixels
typesetting  fonts with every letter of a text, and text wrapped and sized to fit a box
sitewide  the data files and the search index a build makes, or keeps from the last one
"""
