"""Captioning: backends (Ollama, OpenAI-compatible), prompts, output clean-up, the persistent queue
and the pipeline that keeps the GPU busy. Qt-free; the GUI and the CLI observe it through callbacks."""
