"""`python app.py`: serve the chat over corpus/ on http://127.0.0.1:7860/.

Flags (--host, --port, --corpus, --index, --watch) and ASSISTANT_* variables override the defaults.
"""
import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
