"""Bilingual drafting: review status of every text, generated texts, translation memory, glossary,
spelling, machine-draft engines and translators' files (XLIFF, TMX, Word)."""
