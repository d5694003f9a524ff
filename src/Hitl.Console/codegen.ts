import type { CodegenConfig } from '@graphql-codegen/cli';

// The schema is the public contract, read from the `shared` checkout beside the repository.
// Next step: generate from the schema the server serves (Hitl.Api exports it at build time),
// so the console is typed against exactly what it talks to.
const config: CodegenConfig = {
  schema: '../../../shared/contract/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
