import { main } from './main';

export default defineBackground(() => {
  main();
});
