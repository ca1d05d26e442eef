"""`serve`: write with the browser open.

command  builds, serves on 127.0.0.1, rebuilds on every save and reloads the browser
builder  one build at a time, keeping the outcome and what a save's preview needs
ahead    a previewed page written into the output folder at once, before its build
app      the WSGI app: the last good build's files, or the error page while broken
watch    notices saves in the site's sources; one rebuild per burst of saves
"""
