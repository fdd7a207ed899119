import { describe, expect, it } from 'vitest';
import { html, raw } from '../src/http/html.js';

describe('html', () => {
  it('escapes interpolated text', () => {
    const name = `<script>alert("x")</script>&'`;

    expect(html`<p>${name}</p>`.text).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>',
    );
  });

  it('keeps nested html as it is and joins arrays', () => {
    const items = ['a<', 'b'].map((item) => html`<li>${item}</li>`);

    expect(html`<ul>${items}</ul>`.text).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
  });

  it('renders null, undefined and false as nothing', () => {
    expect(html`[${null}${undefined}${false}${raw('<b>')}]`.text).toBe('[<b>]');
  });
});
