"""Steps of `load_demo_content`. Each app registers its own in its `demo` module, so the
foundation never imports the feature apps."""

from dataclasses import dataclass, field

_steps = []


@dataclass
class DemoContext:
    """What the steps share: the home page and a place to report progress."""

    home: object
    stdout: object
    created: dict = field(default_factory=dict)

    def report(self, message):
        self.stdout.write(message)


def demo_step(order: int):
    """Register a function `step(context)`; lower orders run first."""

    def register(function):
        if function not in [step for _, step in _steps]:
            _steps.append((order, function))
        return function

    return register


def registered_steps():
    return [step for _, step in sorted(_steps, key=lambda item: item[0])]
