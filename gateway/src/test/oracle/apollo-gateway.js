// Apollo Gateway 2.x as a reference implementation (oracle) for the AspAIre gateway.
// SUBGRAPHS='[{"name":"users","url":"http://localhost:1234/graphql"}, ...]' PORT=4000 node apollo-gateway.js
const { ApolloServer } = require('@apollo/server');
const { startStandaloneServer } = require('@apollo/server/standalone');
const { ApolloGateway, IntrospectAndCompose } = require('@apollo/gateway');

const subgraphs = JSON.parse(process.env.SUBGRAPHS);
const gateway = new ApolloGateway({ supergraphSdl: new IntrospectAndCompose({ subgraphs }) });
const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });

startStandaloneServer(server, { listen: { port: Number(process.env.PORT), host: '127.0.0.1' } })
  .then(({ url }) => console.log(`APOLLO GATEWAY READY ${url}`))
  .catch((error) => {
    console.error('APOLLO GATEWAY FAILED', error);
    process.exit(1);
  });
