// The briefing sheet's one button: print it (the print CSS makes it one A4 page).
document.getElementById('print-sheet')?.addEventListener('click', () => window.print());
