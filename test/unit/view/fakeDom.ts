/**
 * A minimal DOM for running media/panel.js in Node: just the calls the script makes. Setting `innerHTML`
 * throws, so a test fails if the script ever parses markup.
 */

/** A text node. */
export class FakeText {
  parentNode: FakeElement | undefined;
  constructor(public data: string) {}
  get textContent(): string {
    return this.data;
  }
}

type Listener = (event: FakeEvent) => void;

/** The event passed to listeners. */
export interface FakeEvent {
  type: string;
  key?: string;
  target: FakeElement;
  defaultPrevented: boolean;
  preventDefault(): void;
  stopPropagation(): void;
}

/** An element. */
export class FakeElement {
  className = '';
  tabIndex = -1;
  title = '';
  type = '';
  disabled = false;
  children: FakeElement[] = [];
  childNodes: Array<FakeElement | FakeText> = [];
  parentNode: FakeElement | undefined;
  private attributes = new Map<string, string>();
  private listeners = new Map<string, Listener[]>();

  constructor(
    public readonly tagName: string,
    private readonly owner: FakeDocument,
  ) {}

  set innerHTML(_value: string) {
    throw new Error('innerHTML used');
  }

  get parentElement(): FakeElement | null {
    return this.parentNode ?? null;
  }

  get firstChild(): FakeElement | FakeText | undefined {
    return this.childNodes[0];
  }

  get textContent(): string {
    return this.childNodes.map((n) => n.textContent).join('');
  }

  set textContent(value: string) {
    this.childNodes.forEach((n) => (n.parentNode = undefined));
    this.childNodes = [];
    this.children = [];
    this.appendChild(new FakeText(value));
  }

  appendChild<T extends FakeElement | FakeText>(node: T): T {
    node.parentNode = this;
    this.childNodes.push(node);
    if (node instanceof FakeElement) {
      this.children.push(node);
    }
    return node;
  }

  removeChild(node: FakeElement | FakeText): void {
    this.childNodes = this.childNodes.filter((n) => n !== node);
    this.children = this.children.filter((n) => n !== node);
    node.parentNode = undefined;
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  focus(): void {
    this.owner.activeElement = this;
  }

  /** Dispatches an event to this element and its ancestors (bubbling). */
  dispatch(type: string, key?: string): FakeEvent {
    let stopped = false;
    const event: FakeEvent = {
      type,
      key,
      target: this,
      defaultPrevented: false,
      preventDefault() {
        event.defaultPrevented = true;
      },
      stopPropagation() {
        stopped = true;
      },
    };
    const path: FakeElement[] = [];
    for (let node = this.parentNode; node; node = node.parentNode) {
      path.push(node);
    }
    for (const node of [this as FakeElement, ...path]) {
      if (stopped) {
        break;
      }
      (node.listeners.get(type) ?? []).forEach((l) => l(event));
    }
    return event;
  }

  click(): void {
    if (!this.disabled) {
      this.dispatch('click');
    }
  }

  /** Every descendant element, depth first. */
  descendants(): FakeElement[] {
    return this.children.flatMap((c) => [c, ...c.descendants()]);
  }

  /** Descendants with this tag and (optionally) class. Supports `tag` and `tag.class` only. */
  querySelectorAll(selector: string): FakeElement[] {
    const [tag, cls] = selector.split('.');
    return this.descendants().filter(
      (e) => e.tagName === tag && (cls === undefined || e.className.split(' ').includes(cls)),
    );
  }
}

/** The document. */
export class FakeDocument {
  activeElement: FakeElement | null = null;
  private byId = new Map<string, FakeElement>();

  createElement(tag: string): FakeElement {
    return new FakeElement(tag, this);
  }

  createTextNode(data: string): FakeText {
    return new FakeText(data);
  }

  /** Registers an element under an id (what the HTML shell would contain). */
  withId(id: string, tag = 'div'): FakeElement {
    const el = this.createElement(tag);
    this.byId.set(id, el);
    return el;
  }

  getElementById(id: string): FakeElement | null {
    return this.byId.get(id) ?? null;
  }
}
