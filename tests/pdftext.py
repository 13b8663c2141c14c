"""Text of a PDF for assertions (poppler's pdftotext), whitespace collapsed."""

import re
import subprocess


def pdftotext(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode())
