// An array predicate (filter, some, every, find…) that returns a promise is always truthy: the compiler accepts
// it because these callbacks may return `unknown`. Store calls are asynchronous, so this is an easy mistake.
const PREDICATES = new Set(["filter", "some", "every", "find", "findIndex", "findLast", "findLastIndex"]);

export default {
  meta: { type: "problem", messages: { asyncPredicate: "This {{method}} callback returns a promise, which is always truthy: await the values first." } },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) return {};
    const checker = services.program.getTypeChecker();
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== "MemberExpression" || callee.property.type !== "Identifier" || !PREDICATES.has(callee.property.name)) return;
        const fn = node.arguments[0];
        if (!fn) return;
        const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(fn));
        for (const sig of type.getCallSignatures()) {
          const ret = checker.getReturnTypeOfSignature(sig);
          const parts = ret.isUnion() ? ret.types : [ret];
          if (parts.some((t) => t.getProperty("then"))) {
            context.report({ node: fn, messageId: "asyncPredicate", data: { method: callee.property.name } });
            return;
          }
        }
      },
    };
  },
};
