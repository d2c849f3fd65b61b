// The code examples of seeds/audome-render-api.txt, verbatim. Tests change only the base URL,
// the token and PROJECT_ID (swapped for a real project) before running them.

export const curlGenerate = `curl -X POST https://audome.io/api/render/generate \\
-H "Authorization: Bearer YOUR_API_TOKEN" \\
-H "Content-Type: application/json" \\
-d '{
"projectId": "PROJECT_ID",
"data": { "title.text": "Hello" }
}'`;

export const nodeGenerate = `const res = await fetch('https://audome.io/api/render/generate', {
method: 'POST',
headers: {
Authorization: \`Bearer \${process.env.AUDOME_TOKEN}\`,
'Content-Type': 'application/json',
},
body: JSON.stringify({
projectId: 'PROJECT_ID',
data: { 'title.text': 'Hello world' },
format: 'jpeg',
quality: 85,
}),
});
const json = await res.json();
console.log(json.imageUrl);`;

export const pythonGenerate = `import os, requests
r = requests.post(
"https://audome.io/api/render/generate",
headers={"Authorization": f"Bearer {os.environ['AUDOME_TOKEN']}"},
json={
"projectId": "PROJECT_ID",
"data": {"title.text": "Hello world"},
"format": "png",
},
timeout=60,
)
r.raise_for_status()
print(r.json()["imageUrl"])`;

export const curlProject = `curl https://audome.io/api/render/projects/PROJECT_ID \\
-H "Authorization: Bearer YOUR_API_TOKEN"`;
