import type { CodegenConfig } from '@graphql-codegen/cli';

// The schema the server serves (a snapshot that ContractTests keeps equal to it), so the console is
// typed against exactly what it talks to, not against contract names a later issue will serve.
const config: CodegenConfig = {
  schema: './schema.graphql',
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
