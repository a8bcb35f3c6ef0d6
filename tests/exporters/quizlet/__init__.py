"""Tests of the quizlet."""
