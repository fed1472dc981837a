"""The GraphQL layer: strawberry types and resolvers over :mod:`graph`, the app and the CLI."""
