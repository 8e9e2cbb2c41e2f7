"""What both Pipecat drivers (pipecat_drive.py, pipecat_gemini_drive.py) record: every LLMTokenUsage Pipecat reports."""

from __future__ import annotations

import asyncio

from pipecat.frames.frames import MetricsFrame
from pipecat.metrics.metrics import LLMUsageMetricsData
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor


class UsageSink(FrameProcessor):
    """Passes every frame on, keeping each LLMUsageMetricsData's value as JSON; `done` is set at the first."""

    def __init__(self) -> None:
        super().__init__()
        self.usage: list[dict] = []
        self.done = asyncio.Event()

    async def process_frame(self, frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, MetricsFrame):
            for data in frame.data:
                if isinstance(data, LLMUsageMetricsData):
                    self.usage.append(data.value.model_dump(mode="json"))
                    self.done.set()
        await self.push_frame(frame, direction)
