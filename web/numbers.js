// Counts as the page writes them: 101770 → "101,770". Not Number.toLocaleString: its first call loads the
// browser's locale data, which took 60–100 ms of the page's start-up (the model's parameter count is shown
// before the page is ready). The page's text is English, and so are its separators.
export function withThousands(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
