export default defineBackground(() => {
  // wired in later commits
});
