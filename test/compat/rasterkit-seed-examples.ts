// The code examples of seeds/rasterkit-image-api.txt, verbatim but for line breaks and the
// Python block's indentation, which the seed's text lost (Python cannot run without it).
// Tests change only the base URL, the key and tpl_your_template (a real template's id).

export const curlImage = `curl -X POST https://rasterkit.com/v1/image \\
-H "x-api-key: $RASTERKIT_API_KEY" \\
-H "content-type: application/json" \\
-d '{"template_id": "tpl_your_template", "variables": {"title": "Hello World", "author": "Paul"}}' \\
-o og-image.png`;

export const nodeImage = `import { writeFile } from 'node:fs/promises'
const res = await fetch('https://rasterkit.com/v1/image', {
method: 'POST',
headers: {
'x-api-key': process.env.RASTERKIT_API_KEY,
'content-type': 'application/json',
},
body: JSON.stringify({"template_id": "tpl_your_template", "variables": {"title": "Hello World", "author": "Paul"}}),
})
if (!res.ok) throw new Error(\`Render failed: \${res.status} \${await res.text()}\`)
await writeFile('og-image.png', Buffer.from(await res.arrayBuffer()))
console.log('Saved og-image.png')`;

export const pythonImage = `import os
import requests
res = requests.post(
"https://rasterkit.com/v1/image",
headers={"x-api-key": os.environ["RASTERKIT_API_KEY"]},
json={"template_id": "tpl_your_template", "variables": {"title": "Hello World", "author": "Paul"}},
timeout=60,
)
res.raise_for_status()
with open("og-image.png", "wb") as f:
    f.write(res.content)
print("Saved og-image.png")`;

export const javaImage = `import java.net.URI;
import java.net.http.*;
import java.nio.file.*;
import java.time.Duration;
public class Render {
public static void main(String[] args) throws Exception {
String body = """
{"template_id": "tpl_your_template", "variables": {"title": "Hello World", "author": "Paul"}}""";
HttpRequest request = HttpRequest.newBuilder()
.uri(URI.create("https://rasterkit.com/v1/image"))
.timeout(Duration.ofSeconds(60))
.header("x-api-key", System.getenv("RASTERKIT_API_KEY"))
.header("content-type", "application/json")
.POST(HttpRequest.BodyPublishers.ofString(body))
.build();
HttpResponse<byte[]> res = HttpClient.newHttpClient()
.send(request, HttpResponse.BodyHandlers.ofByteArray());
if (res.statusCode() != 200) {
throw new RuntimeException("Render failed: " + res.statusCode() + " " + new String(res.body()));
}
Files.write(Path.of("og-image.png"), res.body());
System.out.println("Saved og-image.png");
}
}`;

/** The "Inline templates" example body. */
export const inlineTemplateBody = `{
"template_html": "<div style='width:1200px;height:630px;display:flex;align-items:center;justify-content:center;background:#0b0d12;color:#fff'><h1 style='font-size:64px'>{{title}}</h1></div>",
"variables": { "title": "Hello World" }
}`;

/** RasterKit's template docs' POST /v1/templates example (title, author and date). */
export const templateBody = {
  name: 'Blog OG card',
  width: 1200,
  height: 630,
  html: "<div style='width:1200px;height:630px;display:flex;flex-direction:column;justify-content:center;padding:80px;background:linear-gradient(135deg,#0b0d12,#1d1145);color:#fff;font-family:sans-serif'><h1 style='font-size:60px;margin:0'>{{title}}</h1><p style='font-size:26px;color:#9aa1b5'>{{author}} · {{date}}</p></div>",
  sample_variables: { title: 'Hello', author: 'Paul', date: 'June 2026' },
};
