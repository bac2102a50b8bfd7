"""``python -m cchc_nlp`` runs the ``cchc`` command line."""

from .cli import main

main()
