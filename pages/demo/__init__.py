"""Demo content of the foundation; `load_demo_content` discovers each app's `demo` module."""

from . import (
    foundation,  # noqa: F401 - registers its step
    news,  # noqa: F401 - registers its step
    translations,  # noqa: F401 - registers its step
)
