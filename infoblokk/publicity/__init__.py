"""The printed publicity kit of every project, made from its facts (README: "The publicity kit").

    fonts   Liberation Sans, shipped in `fonts/` (SIL OFL): measured, and embedded in every PDF
    layout  where the banner, the title, the objective and the facts go on a sheet; the
            regions the 25 % rule of 2014–2020 measures
    pdf     a layout as a one-page PDF of the sheet's size (reportlab), vector text, fonts embedded
    raster  a layout as a PNG (Pillow): the electronic display
    kit     every project's poster, display, billboard and plaque, made only when their inputs
            changed (kept in `.infoblokk-cache/publicity/`)

Which items a project gets is decided in `content.print_items`, by the obligation rules
(`content.obligations`), so that the project page can link them; their sizes come from
`banner/print_rules.toml`.
"""
