"""Configuration: what the site asks for, validated before anything is read.

settings  site_config.toml → SiteConfig (typed, immutable; unknown keys are errors)
language  the site's language, read from site_config.toml before any validation (for the
          command line's first words)
extensions  the Markdown extensions `[markdown] extensions` may name, checked without importing
          anything that is not one
themes    a theme and its parents: template folders in lookup order, static files, theme.toml
labels    a theme's label files → the merged texts (each file checked for unknown keys,
          the merged result for completeness)
schema    validating a mapping against a pydantic model, and wording what is wrong
          (with "did you mean" for unknown keys) as problems with file and line
"""
