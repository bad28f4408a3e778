"""Word exports: bilingual minutes on a styled base document, with export profiles and the personal-data gate."""
