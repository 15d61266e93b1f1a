"""The one exception the TorchServe stage raises; the CLI prints it without a traceback."""

from __future__ import annotations

from pathlib import Path

# Lines in TorchServe logs that usually explain a failure; everything else is noise.
_INTERESTING = ("ERROR", "Error", "Exception", "Traceback", "error", "FAILED", "failed", "WARN")


class TorchServeError(Exception):
    """A failure tied to one model, with the TorchServe log lines that explain it."""

    def __init__(self, model: str, message: str, log_lines: tuple[str, ...] = ()) -> None:
        self.model = model
        self.message = message
        self.log_lines = log_lines
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"model {self.model!r}: {self.message}"
        if self.log_lines:
            text += "\nTorchServe log:\n" + "\n".join(f"  {line}" for line in self.log_lines)
        return text


def relevant_log_lines(log_dir: Path, limit: int = 25) -> tuple[str, ...]:
    """The last ``limit`` error-looking lines of model_log.log and ts_log.log, oldest first.

    Python tracebacks in model_log.log are worker stderr lines, so keep the whole
    traceback block (lines after a ``Traceback`` marker) rather than only lines that
    contain an error keyword.
    """
    picked: list[str] = []
    for name in ("model_log.log", "ts_log.log"):
        path = log_dir / name
        if not path.is_file():
            continue
        in_traceback = False
        for raw in path.read_text(errors="replace").splitlines():
            line = raw.rstrip()
            if "Traceback" in line:
                in_traceback = True
            elif in_traceback and not line.strip():
                in_traceback = False
            if in_traceback or any(word in line for word in _INTERESTING):
                picked.append(f"{name}: {line}")
    return tuple(picked[-limit:])
