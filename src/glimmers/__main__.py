import sys

from glimmers.cli import main

sys.exit(main())
