// Built-ins that older WeChat runtimes (iOS before 15.4) lack and our dependencies call.
// WeChat DevTools' ES6→ES5 step converts syntax only, not built-ins.

if (typeof Object.hasOwn !== 'function') {
  Object.defineProperty(Object, 'hasOwn', {
    value: (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key),
    configurable: true,
    writable: true,
  })
}

export {}
