import sys

from kzdash.cli import main

sys.exit(main())
