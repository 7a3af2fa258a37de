import { ExpressHandlebars } from 'express-handlebars';

type Partials = ReturnType<ExpressHandlebars['getPartials']>;

/**
 * express-handlebars looks every partial up again for each page: a path resolved and a promise
 * made per file, some thirty of them, several per cent of a page's CPU. With the view cache on
 * (production), where its answer cannot change, the first lookup's is kept; without it (development)
 * every page still reads the files, so an edited partial shows at once.
 */
export class KeptPartialsHandlebars extends ExpressHandlebars {
  private kept?: Partials;

  override getPartials(options: Parameters<ExpressHandlebars['getPartials']>[0] = {}): Partials {
    if (!options.cache) return super.getPartials(options);
    if (!this.kept) {
      const lookup = super.getPartials(options);
      this.kept = lookup;
      lookup.catch(() => {
        if (this.kept === lookup) this.kept = undefined;
      });
    }
    return this.kept;
  }
}
