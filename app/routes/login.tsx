import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { loginSchema } from "~/domain/forms/login";
import { authenticate, createUserSession, getOptionalUser, safeRedirect } from "~/models/auth.server";
import { clientAddress, guardSignIn, signInFailed, signInSucceeded } from "~/models/login-throttle.server";

export const meta: MetaFunction = () => [{ title: "登录 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getOptionalUser(request)) throw redirect("/app");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  // Throttled before the password is even checked (app/domain/login-throttle.ts).
  const { guard, refused } = await guardSignIn(request, submission.value.username, clientAddress(context));
  if (refused) {
    return data(submission.reply({ formErrors: [refused.message], hideFields: ["password"] }), { status: 429, headers: { "Retry-After": String(refused.retryAfterSeconds) } });
  }
  const user = await authenticate(submission.value.username, submission.value.password);
  if (!user) {
    signInFailed(guard);
    return submission.reply({ formErrors: ["用户名或密码不正确，请检查后重试。"], hideFields: ["password"] });
  }
  const response = await createUserSession(user.id, safeRedirect(submission.value.redirectTo));
  response.headers.append("Set-Cookie", await signInSucceeded(request, guard));
  return response;
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const passwordRef = useRef<HTMLInputElement>(null);
  // After a refused sign-in the username stays; the password is cleared and focused for a retry.
  useEffect(() => {
    if (lastResult?.error?.[""] && passwordRef.current) {
      passwordRef.current.value = "";
      passwordRef.current.focus();
    }
  }, [lastResult]);
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <main id="main" className="login-wrap">
      <h1>解读工坊 · 登录</h1>
      <div className="card">
        <Form method="post" {...getFormProps(form)}>
          {form.errors ? (
            <p className="form-error" id={form.errorId} role="alert">
              {form.errors.join(" ")}
            </p>
          ) : null}
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/app"} />
          <div className="field">
            <label htmlFor={fields.username.id}>用户名</label>
            <input {...getInputProps(fields.username, { type: "text" })} autoComplete="username" />
            {fields.username.errors ? (
              <p className="error" id={fields.username.errorId}>
                {fields.username.errors.join(" ")}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={fields.password.id}>密码</label>
            <input {...getInputProps(fields.password, { type: "password" })} ref={passwordRef} autoComplete="current-password" />
            {fields.password.errors ? (
              <p className="error" id={fields.password.errorId}>
                {fields.password.errors.join(" ")}
              </p>
            ) : null}
          </div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "正在登录…" : "登录"}
          </button>
        </Form>
      </div>
      <p className="muted" style={{ textAlign: "center" }}>
        <a href="/zhengce">政策文件库</a> · <a href="/jiedu">政策解读</a>
      </p>
    </main>
  );
}
