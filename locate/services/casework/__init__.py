"""The missing episode as a case: report, risk grading and review, found and closed."""
