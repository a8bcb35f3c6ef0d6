"""The formats' real consumers, run or modelled: Anki, gift-pegjs, Moodle's importer, Chromium."""
