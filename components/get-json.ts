/** An API answer as JSON, or its `{error}` message as a thrown Error. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  const body = (await response.json()) as T | { error: string };
  if (!response.ok)
    throw new Error((body as { error?: string }).error ?? `${response.status} ${response.statusText}`);
  return body as T;
}
