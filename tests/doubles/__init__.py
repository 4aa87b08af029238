"""Test doubles: real HTTP servers speaking Ollama's and OpenAI's APIs (see ollama_double.py)."""
