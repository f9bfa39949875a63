export default defineContentScript({
  matches: ['https://arxiv.org/list/*'],
  main() {},
});
