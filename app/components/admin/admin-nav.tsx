import { NavLink } from "@remix-run/react";

const linkClass = ({ isActive }: { isActive: boolean }) => (isActive ? "button" : "button secondary");

/** The admin area's sections; the current one carries aria-current="page" and is filled. */
export function AdminNav() {
  return (
    <nav aria-label="管理功能" className="admin-nav">
      <ul className="toolbar" style={{ listStyle: "none", padding: 0 }}>
        <li>
          <NavLink to="/app/admin" end className={linkClass}>
            用户与单位
          </NavLink>
        </li>
        <li>
          <NavLink to="/app/admin/words" className={linkClass}>
            审校词表
          </NavLink>
        </li>
        <li>
          <NavLink to="/app/admin/settings" className={linkClass}>
            参数设置
          </NavLink>
        </li>
        <li>
          <NavLink to="/app/admin/synonyms" className={linkClass}>
            问答同义词
          </NavLink>
        </li>
        <li>
          <NavLink to="/app/admin/handoff" className={linkClass}>
            网站对接
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}

export function FormErrors({ errors, id }: { errors?: string[] | null; id?: string }) {
  return errors?.length ? (
    <div className="form-error" role="alert" id={id}>
      {errors.length === 1 ? errors[0] : (
        <ul style={{ margin: 0, paddingLeft: "1.25rem" }}>
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  ) : null;
}
