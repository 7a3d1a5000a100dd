// NetworkPolicy semantics (networking.k8s.io/v1), enough to compute which connections a set of policies allows:
// a pod selected by no policy of a direction is open in that direction; a selected pod accepts what any rule of any
// selecting policy allows; a connection needs the source's egress AND the destination's ingress.
// A peer is { namespace, namespaceLabels, labels, ports: [{name, port, protocol}] } for a pod, { ip, ports } for an
// address outside the cluster's pods. ipBlock rules match addresses only (pod IPs are not modelled).

export function selectorMatches(selector, labels) {
  if (!selector) {
    return true;
  }
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) {
      return false;
    }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok = {
      In: () => has && e.values.includes(labels[e.key]),
      NotIn: () => !has || !e.values.includes(labels[e.key]),
      Exists: () => has,
      DoesNotExist: () => !has,
    }[e.operator];
    if (!ok || !ok()) {
      return false;
    }
  }
  return true;
}

function ipToNumber(ip) {
  return ip.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipToNumber(base) / size) * size;
  const n = ipToNumber(ip);
  return n >= start && n < start + size;
}

function peerMatches(rulePeer, target, namespace) {
  if (rulePeer.ipBlock) {
    return target.ip !== undefined && inCidr(target.ip, rulePeer.ipBlock.cidr)
        && !(rulePeer.ipBlock.except ?? []).some((c) => inCidr(target.ip, c));
  }
  if (target.ip !== undefined) {
    return false;
  }
  if (rulePeer.namespaceSelector) {
    return selectorMatches(rulePeer.namespaceSelector, target.namespaceLabels)
        && selectorMatches(rulePeer.podSelector, target.labels);
  }
  return target.namespace === namespace && selectorMatches(rulePeer.podSelector, target.labels);
}

/** Does a rule's port list admit port/protocol on the destination (whose named ports resolve named rule ports)? */
function portMatches(rulePorts, destination, port, protocol) {
  if (!rulePorts || rulePorts.length === 0) {
    return true;
  }
  return rulePorts.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) {
      return false;
    }
    if (p.port === undefined) {
      return true;
    }
    if (typeof p.port === "string") {
      return (destination.ports ?? []).some((c) => c.name === p.port && c.port === port
          && (c.protocol ?? "TCP") === protocol);
    }
    return p.endPort ? port >= p.port && port <= p.endPort : p.port === port;
  });
}

function policyTypes(policy) {
  return policy.spec.policyTypes ?? (policy.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);
}

function allowed(policies, namespace, selected, direction, other, destination, port, protocol) {
  const applying = policies.filter((p) => policyTypes(p).includes(direction)
      && selectorMatches(p.spec.podSelector, selected.labels));
  if (applying.length === 0) {
    return true;
  }
  const rulesKey = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  return applying.some((p) => (p.spec[rulesKey] ?? []).some((rule) =>
      (!rule[peersKey] || rule[peersKey].length === 0 || rule[peersKey].some((r) => peerMatches(r, other, namespace)))
      && portMatches(rule.ports, destination, port, protocol)));
}

/** Is a connection from source to destination:port/protocol allowed by the namespace's policies? */
export function connectionAllowed(policies, namespace, source, destination, port, protocol) {
  const egress = source.namespace !== namespace
      || allowed(policies, namespace, source, "Egress", destination, destination, port, protocol);
  const ingress = destination.namespace !== namespace
      || allowed(policies, namespace, destination, "Ingress", source, destination, port, protocol);
  return egress && ingress;
}
