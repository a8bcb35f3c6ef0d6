"""The GIFT consumers used by the tests: gift-pegjs (npm) and a model of Moodle's importer."""
