"""Output renderers: leaves that read a :class:`~cchc_nlp.checks.Report` and write."""
