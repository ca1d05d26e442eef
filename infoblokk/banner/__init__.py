"""The funding banner (the "infoblokk") that every page shows.

    profiles  banner profiles as data (`data/*.toml`): elements, texts per language, the
              mandatory fields, the minimum width; a Banner is a profile with a project's choices
    standin   the SVG stand-in drawn from a profile, the EU emblem to its published geometry
    artwork   the image each banner in use shows: the official file, or the stand-in
    partial   the banner's own template, shipped with the package so no theme can drop it
    obligation_rules  the publicity items each programme asks for, as data (`obligations/*.toml`),
              each rule with its source; which rule set a project's profile and facts follow
    print_rules  how the printed items are made, as data (`print_rules.toml`): the poster's,
              display's and signs' sizes and the 25 % share of a sign, each with its source

Nothing here knows the content model: callers pass the banners and files they need.
"""
