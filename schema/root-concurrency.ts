import { defaultFieldResolver, type GraphQLSchema } from 'graphql';

/** Root query fields of one request that may run at once; the rest wait their turn. */
export const MAX_CONCURRENT_ROOT_FIELDS = 3;

/**
 * Makes the root query fields of one request take turns, at most MAX_CONCURRENT_ROOT_FIELDS at a time,
 * so one request with many root fields holds at most that many of the pool's connections and the others
 * stay free for everyone else. (Mutation fields already run one after another.)
 */
export function limitRootConcurrency(schema: GraphQLSchema): GraphQLSchema {
  const gates = new WeakMap<object, Gate>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (root, args, ctx: object, info) => {
      let gate = gates.get(ctx);
      if (!gate) gates.set(ctx, (gate = new Gate(MAX_CONCURRENT_ROOT_FIELDS)));
      return gate.run(() => resolve(root, args, ctx, info));
    };
  }
  return schema;
}

class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((go) => this.waiting.push(go));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
