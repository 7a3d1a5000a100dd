// Apollo Gateway 2.x over the suite's real subgraphs, for bench/run.sh. Uses the npm packages installed in
// gateway/src/test/oracle (ORACLE_DIR, `npm ci` there). Unlike the oracle's apollo-gateway.js (stub subgraphs without
// authentication), it forwards the caller's Authorization header to every subgraph, as our gateway does.
// SUBGRAPHS='[{"name":"users","url":"http://localhost:1234/graphql"}, ...]' PORT=4000 ORACLE_DIR=... node apollo-gateway-forwarding.js
const oracle = process.env.ORACLE_DIR;
const load = (name) => require(require.resolve(name, { paths: [oracle] }));
const { ApolloServer } = load('@apollo/server');
const { startStandaloneServer } = load('@apollo/server/standalone');
const { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } = load('@apollo/gateway');

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    if (context && context.authorization) {
      request.http.headers.set('authorization', context.authorization);
    }
  }
}

const subgraphs = JSON.parse(process.env.SUBGRAPHS);
const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({ subgraphs }),
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });

startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
})
  .then(({ url }) => console.log(`APOLLO GATEWAY READY ${url}`))
  .catch((error) => {
    console.error('APOLLO GATEWAY FAILED', error);
    process.exit(1);
  });
